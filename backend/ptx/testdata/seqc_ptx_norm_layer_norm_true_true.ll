source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

@seqc_ptx_norm_layer_norm_true_true_sh1 = internal addrspace(3) global [256 x float] undef, align 16
@seqc_ptx_norm_layer_norm_true_true_sh2 = internal addrspace(3) global [256 x float] undef, align 16

define ptx_kernel void @seqc_ptx_norm_layer_norm_true_true(i64 %i0, i64 %i1, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = mul i64 %1, %i0
	%9 = sitofp i64 %i0 to float
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%11 = zext i32 %10 to i64
	%12 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%13 = zext i32 %12 to i64
	%14 = mul i64 %13, 256
	%15 = add i64 %14, %11
	%16 = icmp slt i64 %15, %i0
	br i1 %16, label %loop.1, label %loop.exit.2

loop.1:
	%17 = phi i64 [ %15, %entry ], [ %23, %loop.1 ]
	%18 = phi float [ 0.0, %entry ], [ %22, %loop.1 ]
	%19 = add i64 %8, %17
	%20 = getelementptr float, float addrspace(1)* %p0, i64 %19
	%21 = load float, float addrspace(1)* %20, align 4
	%22 = fadd float %18, %21
	%23 = add i64 %17, 256
	%24 = icmp slt i64 %23, %i0
	br i1 %24, label %loop.1, label %loop.exit.2

loop.exit.2:
	%25 = phi float [ 0.0, %entry ], [ %22, %loop.1 ]
	%26 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %15
	store float %25, float addrspace(3)* %26, align 4
	call void @llvm.nvvm.barrier0()
	%27 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%28 = zext i32 %27 to i64
	%29 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%30 = zext i32 %29 to i64
	%31 = mul i64 %30, 256
	%32 = add i64 %31, %28
	%33 = icmp slt i64 %32, 128
	br i1 %33, label %if.3, label %if.join.4

if.3:
	%34 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %32
	%35 = load float, float addrspace(3)* %34, align 4
	%36 = add i64 %32, 128
	%37 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %36
	%38 = load float, float addrspace(3)* %37, align 4
	%39 = fadd float %35, %38
	%40 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %32
	store float %39, float addrspace(3)* %40, align 4
	br label %if.join.4

if.join.4:
	call void @llvm.nvvm.barrier0()
	%41 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%42 = zext i32 %41 to i64
	%43 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%44 = zext i32 %43 to i64
	%45 = mul i64 %44, 256
	%46 = add i64 %45, %42
	%47 = icmp slt i64 %46, 64
	br i1 %47, label %if.5, label %if.join.6

if.5:
	%48 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %46
	%49 = load float, float addrspace(3)* %48, align 4
	%50 = add i64 %46, 64
	%51 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %50
	%52 = load float, float addrspace(3)* %51, align 4
	%53 = fadd float %49, %52
	%54 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %46
	store float %53, float addrspace(3)* %54, align 4
	br label %if.join.6

if.join.6:
	call void @llvm.nvvm.barrier0()
	%55 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%56 = zext i32 %55 to i64
	%57 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%58 = zext i32 %57 to i64
	%59 = mul i64 %58, 256
	%60 = add i64 %59, %56
	%61 = icmp slt i64 %60, 32
	br i1 %61, label %if.7, label %if.join.8

if.7:
	%62 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %60
	%63 = load float, float addrspace(3)* %62, align 4
	%64 = add i64 %60, 32
	%65 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %64
	%66 = load float, float addrspace(3)* %65, align 4
	%67 = fadd float %63, %66
	%68 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %60
	store float %67, float addrspace(3)* %68, align 4
	br label %if.join.8

if.join.8:
	call void @llvm.nvvm.barrier0()
	%69 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%70 = zext i32 %69 to i64
	%71 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%72 = zext i32 %71 to i64
	%73 = mul i64 %72, 256
	%74 = add i64 %73, %70
	%75 = icmp slt i64 %74, 16
	br i1 %75, label %if.9, label %if.join.10

if.9:
	%76 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %74
	%77 = load float, float addrspace(3)* %76, align 4
	%78 = add i64 %74, 16
	%79 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %78
	%80 = load float, float addrspace(3)* %79, align 4
	%81 = fadd float %77, %80
	%82 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %74
	store float %81, float addrspace(3)* %82, align 4
	br label %if.join.10

if.join.10:
	call void @llvm.nvvm.barrier0()
	%83 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%84 = zext i32 %83 to i64
	%85 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%86 = zext i32 %85 to i64
	%87 = mul i64 %86, 256
	%88 = add i64 %87, %84
	%89 = icmp slt i64 %88, 8
	br i1 %89, label %if.11, label %if.join.12

if.11:
	%90 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %88
	%91 = load float, float addrspace(3)* %90, align 4
	%92 = add i64 %88, 8
	%93 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %92
	%94 = load float, float addrspace(3)* %93, align 4
	%95 = fadd float %91, %94
	%96 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %88
	store float %95, float addrspace(3)* %96, align 4
	br label %if.join.12

if.join.12:
	call void @llvm.nvvm.barrier0()
	%97 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%98 = zext i32 %97 to i64
	%99 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%100 = zext i32 %99 to i64
	%101 = mul i64 %100, 256
	%102 = add i64 %101, %98
	%103 = icmp slt i64 %102, 4
	br i1 %103, label %if.13, label %if.join.14

if.13:
	%104 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %102
	%105 = load float, float addrspace(3)* %104, align 4
	%106 = add i64 %102, 4
	%107 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %106
	%108 = load float, float addrspace(3)* %107, align 4
	%109 = fadd float %105, %108
	%110 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %102
	store float %109, float addrspace(3)* %110, align 4
	br label %if.join.14

if.join.14:
	call void @llvm.nvvm.barrier0()
	%111 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%112 = zext i32 %111 to i64
	%113 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%114 = zext i32 %113 to i64
	%115 = mul i64 %114, 256
	%116 = add i64 %115, %112
	%117 = icmp slt i64 %116, 2
	br i1 %117, label %if.15, label %if.join.16

if.15:
	%118 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %116
	%119 = load float, float addrspace(3)* %118, align 4
	%120 = add i64 %116, 2
	%121 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %120
	%122 = load float, float addrspace(3)* %121, align 4
	%123 = fadd float %119, %122
	%124 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %116
	store float %123, float addrspace(3)* %124, align 4
	br label %if.join.16

if.join.16:
	call void @llvm.nvvm.barrier0()
	%125 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%126 = zext i32 %125 to i64
	%127 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%128 = zext i32 %127 to i64
	%129 = mul i64 %128, 256
	%130 = add i64 %129, %126
	%131 = icmp slt i64 %130, 1
	br i1 %131, label %if.17, label %if.join.18

if.17:
	%132 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %130
	%133 = load float, float addrspace(3)* %132, align 4
	%134 = add i64 %130, 1
	%135 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %134
	%136 = load float, float addrspace(3)* %135, align 4
	%137 = fadd float %133, %136
	%138 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 %130
	store float %137, float addrspace(3)* %138, align 4
	br label %if.join.18

if.join.18:
	call void @llvm.nvvm.barrier0()
	%139 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%140 = zext i32 %139 to i64
	%141 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%142 = zext i32 %141 to i64
	%143 = mul i64 %142, 256
	%144 = add i64 %143, %140
	%145 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 0
	%146 = load float, float addrspace(3)* %145, align 4
	%147 = fdiv float %146, %9
	%148 = icmp slt i64 %144, %i0
	br i1 %148, label %loop.19, label %loop.exit.20

loop.19:
	%149 = phi i64 [ %144, %if.join.18 ], [ %156, %loop.19 ]
	%150 = phi float [ 0.0, %if.join.18 ], [ %155, %loop.19 ]
	%151 = add i64 %8, %149
	%152 = getelementptr float, float addrspace(1)* %p0, i64 %151
	%153 = load float, float addrspace(1)* %152, align 4
	%154 = fsub float %153, %147
	%155 = call float @llvm.fmuladd.f32(float %154, float %154, float %150)
	%156 = add i64 %149, 256
	%157 = icmp slt i64 %156, %i0
	br i1 %157, label %loop.19, label %loop.exit.20

loop.exit.20:
	%158 = phi float [ 0.0, %if.join.18 ], [ %155, %loop.19 ]
	%159 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %144
	store float %158, float addrspace(3)* %159, align 4
	call void @llvm.nvvm.barrier0()
	%160 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%161 = zext i32 %160 to i64
	%162 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%163 = zext i32 %162 to i64
	%164 = mul i64 %163, 256
	%165 = add i64 %164, %161
	%166 = icmp slt i64 %165, 128
	br i1 %166, label %if.21, label %if.join.22

if.21:
	%167 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %165
	%168 = load float, float addrspace(3)* %167, align 4
	%169 = add i64 %165, 128
	%170 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %169
	%171 = load float, float addrspace(3)* %170, align 4
	%172 = fadd float %168, %171
	%173 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %165
	store float %172, float addrspace(3)* %173, align 4
	br label %if.join.22

if.join.22:
	call void @llvm.nvvm.barrier0()
	%174 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%175 = zext i32 %174 to i64
	%176 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%177 = zext i32 %176 to i64
	%178 = mul i64 %177, 256
	%179 = add i64 %178, %175
	%180 = icmp slt i64 %179, 64
	br i1 %180, label %if.23, label %if.join.24

if.23:
	%181 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %179
	%182 = load float, float addrspace(3)* %181, align 4
	%183 = add i64 %179, 64
	%184 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %183
	%185 = load float, float addrspace(3)* %184, align 4
	%186 = fadd float %182, %185
	%187 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %179
	store float %186, float addrspace(3)* %187, align 4
	br label %if.join.24

if.join.24:
	call void @llvm.nvvm.barrier0()
	%188 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%189 = zext i32 %188 to i64
	%190 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%191 = zext i32 %190 to i64
	%192 = mul i64 %191, 256
	%193 = add i64 %192, %189
	%194 = icmp slt i64 %193, 32
	br i1 %194, label %if.25, label %if.join.26

if.25:
	%195 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %193
	%196 = load float, float addrspace(3)* %195, align 4
	%197 = add i64 %193, 32
	%198 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %197
	%199 = load float, float addrspace(3)* %198, align 4
	%200 = fadd float %196, %199
	%201 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %193
	store float %200, float addrspace(3)* %201, align 4
	br label %if.join.26

if.join.26:
	call void @llvm.nvvm.barrier0()
	%202 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%203 = zext i32 %202 to i64
	%204 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%205 = zext i32 %204 to i64
	%206 = mul i64 %205, 256
	%207 = add i64 %206, %203
	%208 = icmp slt i64 %207, 16
	br i1 %208, label %if.27, label %if.join.28

if.27:
	%209 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %207
	%210 = load float, float addrspace(3)* %209, align 4
	%211 = add i64 %207, 16
	%212 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %211
	%213 = load float, float addrspace(3)* %212, align 4
	%214 = fadd float %210, %213
	%215 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %207
	store float %214, float addrspace(3)* %215, align 4
	br label %if.join.28

if.join.28:
	call void @llvm.nvvm.barrier0()
	%216 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%217 = zext i32 %216 to i64
	%218 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%219 = zext i32 %218 to i64
	%220 = mul i64 %219, 256
	%221 = add i64 %220, %217
	%222 = icmp slt i64 %221, 8
	br i1 %222, label %if.29, label %if.join.30

if.29:
	%223 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %221
	%224 = load float, float addrspace(3)* %223, align 4
	%225 = add i64 %221, 8
	%226 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %225
	%227 = load float, float addrspace(3)* %226, align 4
	%228 = fadd float %224, %227
	%229 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %221
	store float %228, float addrspace(3)* %229, align 4
	br label %if.join.30

if.join.30:
	call void @llvm.nvvm.barrier0()
	%230 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%231 = zext i32 %230 to i64
	%232 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%233 = zext i32 %232 to i64
	%234 = mul i64 %233, 256
	%235 = add i64 %234, %231
	%236 = icmp slt i64 %235, 4
	br i1 %236, label %if.31, label %if.join.32

if.31:
	%237 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %235
	%238 = load float, float addrspace(3)* %237, align 4
	%239 = add i64 %235, 4
	%240 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %239
	%241 = load float, float addrspace(3)* %240, align 4
	%242 = fadd float %238, %241
	%243 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %235
	store float %242, float addrspace(3)* %243, align 4
	br label %if.join.32

if.join.32:
	call void @llvm.nvvm.barrier0()
	%244 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%245 = zext i32 %244 to i64
	%246 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%247 = zext i32 %246 to i64
	%248 = mul i64 %247, 256
	%249 = add i64 %248, %245
	%250 = icmp slt i64 %249, 2
	br i1 %250, label %if.33, label %if.join.34

if.33:
	%251 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %249
	%252 = load float, float addrspace(3)* %251, align 4
	%253 = add i64 %249, 2
	%254 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %253
	%255 = load float, float addrspace(3)* %254, align 4
	%256 = fadd float %252, %255
	%257 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %249
	store float %256, float addrspace(3)* %257, align 4
	br label %if.join.34

if.join.34:
	call void @llvm.nvvm.barrier0()
	%258 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%259 = zext i32 %258 to i64
	%260 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%261 = zext i32 %260 to i64
	%262 = mul i64 %261, 256
	%263 = add i64 %262, %259
	%264 = icmp slt i64 %263, 1
	br i1 %264, label %if.35, label %if.join.36

if.35:
	%265 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %263
	%266 = load float, float addrspace(3)* %265, align 4
	%267 = add i64 %263, 1
	%268 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %267
	%269 = load float, float addrspace(3)* %268, align 4
	%270 = fadd float %266, %269
	%271 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 %263
	store float %270, float addrspace(3)* %271, align 4
	br label %if.join.36

if.join.36:
	call void @llvm.nvvm.barrier0()
	%272 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%273 = zext i32 %272 to i64
	%274 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%275 = zext i32 %274 to i64
	%276 = mul i64 %275, 256
	%277 = add i64 %276, %273
	%278 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh1, i64 0, i64 0), i64 0
	%279 = load float, float addrspace(3)* %278, align 4
	%280 = fdiv float %279, %9
	%281 = trunc i64 %i1 to i32
	%282 = bitcast i32 %281 to float
	%283 = fadd float %280, %282
	%284 = call float @llvm.sqrt.f32(float %283)
	%285 = fdiv float 1.0, %284
	%286 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_layer_norm_true_true_sh2, i64 0, i64 0), i64 0
	%287 = load float, float addrspace(3)* %286, align 4
	%288 = fdiv float %287, %9
	%289 = icmp slt i64 %277, %i0
	br i1 %289, label %loop.37, label %loop.exit.38

loop.37:
	%290 = phi i64 [ %277, %if.join.36 ], [ %304, %loop.37 ]
	%291 = add i64 %8, %290
	%292 = getelementptr float, float addrspace(1)* %p0, i64 %291
	%293 = load float, float addrspace(1)* %292, align 4
	%294 = fsub float %293, %288
	%295 = fmul float %294, %285
	%296 = getelementptr float, float addrspace(1)* %p2, i64 %290
	%297 = load float, float addrspace(1)* %296, align 4
	%298 = fmul float %295, %297
	%299 = getelementptr float, float addrspace(1)* %p3, i64 %290
	%300 = load float, float addrspace(1)* %299, align 4
	%301 = fadd float %298, %300
	%302 = add i64 %8, %290
	%303 = getelementptr float, float addrspace(1)* %p1, i64 %302
	store float %301, float addrspace(1)* %303, align 4
	%304 = add i64 %290, 256
	%305 = icmp slt i64 %304, %i0
	br i1 %305, label %loop.37, label %loop.exit.38

loop.exit.38:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare void @llvm.nvvm.barrier0()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)

declare float @llvm.sqrt.f32(float %0)
